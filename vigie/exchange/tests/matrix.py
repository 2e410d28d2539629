"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.exchange.models import ColumnMapping
from vigie.tests.matrix import READ, MatrixRow, everyone, expect

# Importing into a register confirms the file's victim identifications: the identifying roles, not data clerks.
IMPORTERS = {"investigator", "prosecutor", "case_worker", "agency_admin"}
# Data clerks prepare the files (mappings, upload, check, rejected rows) that one of the importers confirms.
PREPARERS = IMPORTERS | {"clerk"}
DATASET_IMPORTERS = {"analyst", "coordinator", "sysadmin"}
# The partner NGO's case worker imports for the NGO, not for ANLTP.
SEES_REGISTER_IMPORT = expect(allowed=PREPARERS | {"sysadmin"}, refused_register=404, partner=404)
# Confirm, cancel and the rejects download redirect back to the page (nothing to confirm, no file).
ACTS_ON_REGISTER_IMPORT = expect(allowed=PREPARERS, ok=302, refused_register=404, partner=404) | {"sysadmin": 403}
CONFIRMS_REGISTER_IMPORT = ACTS_ON_REGISTER_IMPORT | {"clerk": 403}

MATRIX: dict[str, MatrixRow] = {
    # Every role exports something: named records for the register roles, anonymous CTDC records for the
    # roles that see aggregates only; what each may choose is tested in test_export_views.
    "exchange:export": ("GET", {}, everyone(200)),
    "exchange:export-case": ("GET", {"case_id": "case"}, READ),
    # Imports into the register: its data clerks, investigators, case workers and administrators (not the
    # prosecutor); anonymous data sets: analysts, coordinators, system administrators. The list is theirs,
    # and every import's counts for a system administrator.
    "exchange:imports": ("GET", {}, expect(allowed=PREPARERS | DATASET_IMPORTERS, aggregate=403, outsider=200)),
    "exchange:import-new": ("GET", {}, expect(allowed=PREPARERS | DATASET_IMPORTERS, aggregate=403, outsider=200)),
    # A check of an HTCDS file of ANLTP: its rows are for ANLTP's importers; a system administrator sees
    # the counts only; the others do not learn it exists.
    "exchange:import-run": ("GET", {"run_id": "import_check"}, SEES_REGISTER_IMPORT),
    "exchange:import-progress": ("GET", {"run_id": "import_check"}, SEES_REGISTER_IMPORT),
    "exchange:import-confirm": ("POST", {"run_id": "import_check"}, CONFIRMS_REGISTER_IMPORT),
    "exchange:import-cancel": ("POST", {"run_id": "import_check"}, ACTS_ON_REGISTER_IMPORT),
    "exchange:import-rejects": ("GET", {"run_id": "import_check"}, ACTS_ON_REGISTER_IMPORT),
    # The NAPTIP investigator and the NGO's case worker keep the mappings of their own agencies.
    "exchange:mappings": ("GET", {}, expect(allowed=PREPARERS, aggregate=403, outsider=200)),
    # Without a file chosen, the page sends back to the list of mappings.
    "exchange:mapping-new": ("GET", {}, expect(allowed=PREPARERS, ok=302, aggregate=403, outsider=302)),
    # A mapping of ANLTP: its other members get a 403, other agencies a 404.
    "exchange:mapping-edit": ("GET", {"mapping_id": "mapping"}, expect(allowed=PREPARERS, aggregate=403, partner=404)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    from vigie.exchange.models import ImportRun

    check = ImportRun.objects.create(
        kind="htcds",
        file_name="dossiers.xlsx",
        sha256="0" * 64,
        size=10,
        agency=base["anltp"],
        dry_run=True,
        status=ImportRun.Status.DONE,
    )
    mapping = ColumnMapping.objects.create(
        name="Registre ANLTP", agency=base["anltp"], columns={"Nom": "family_name", "Sexe": "sex"}
    )
    return {"import_check": check, "mapping": mapping}
