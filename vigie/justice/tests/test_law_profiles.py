from vigie.legal import law_profiles


def test_it_lists_the_laws_of_a_country_trafficking_first():
    laws = law_profiles.laws_of("NE")
    assert [law.kind for law in laws] == sorted((law.kind for law in laws), key=lambda kind: kind != "tip")
    assert law_profiles.law_by_key("NE-tip-2010") in laws


def test_it_keeps_the_status_of_each_fact():
    law = law_profiles.law_by_key("BJ-tip-2018")
    assert law is not None and law.status == "partial" and not law.verified


def test_it_marks_a_repealed_law():
    law = law_profiles.law_by_key("NE-som-2015")
    assert law is not None and not law.in_force


def test_a_country_without_profile_has_no_law():
    assert law_profiles.laws_of("FR") == ()
    assert law_profiles.law_by_key("FR-tip-2000") is None


def test_every_law_names_its_source_or_is_not_verified():
    for country in law_profiles.countries_with_profile():
        for law in law_profiles.laws_of(country):
            assert law.source or not law.verified, law.key


def test_the_legal_package_does_not_import_django():
    import ast
    from pathlib import Path

    source = Path(law_profiles.__file__).read_text()
    imported = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import | ast.ImportFrom)]
    names = [alias.name for node in imported if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in imported if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("django")]
