"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.exchange.models import ColumnMapping
from vigie.tests.matrix import READ, MatrixRow, everyone, expect

# Importing into a register confirms the file's victim identifications: the identifying roles, not data clerks.
IMPORTERS = {"investigator", "prosecutor", "case_worker", "agency_admin"}

MATRIX: dict[str, MatrixRow] = {
    # Every role exports something: named records for the register roles, anonymous CTDC records for the
    # roles that see aggregates only; what each may choose is tested in test_export_views.
    "exchange:export": ("GET", {}, everyone(200)),
    "exchange:export-case": ("GET", {"case_id": "case"}, READ),
    # The NAPTIP investigator and the NGO's case worker keep the mappings of their own agencies.
    "exchange:mappings": ("GET", {}, expect(allowed=IMPORTERS, aggregate=403, outsider=200)),
    # Without a file chosen, the page sends back to the list of mappings.
    "exchange:mapping-new": ("GET", {}, expect(allowed=IMPORTERS, ok=302, aggregate=403, outsider=302)),
    # A mapping of ANLTP: its other members get a 403, other agencies a 404.
    "exchange:mapping-edit": ("GET", {"mapping_id": "mapping"}, expect(allowed=IMPORTERS, aggregate=403, partner=404)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    mapping = ColumnMapping.objects.create(
        name="Registre ANLTP", agency=base["anltp"], columns={"Nom": "family_name", "Sexe": "sex"}
    )
    return {"mapping": mapping}
