import gettext
import json
from pathlib import Path
from typing import Any

import pycountry
from django.db import migrations

# ISO short names put the qualifier first; officers know these countries by these names.
ENGLISH_NAMES = {"CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo"}
DATA = Path(__file__).resolve().parent.parent / "data" / "communities.json"


def load(apps: Any, schema_editor: Any) -> None:
    Country = apps.get_model("reference", "Country")
    RegionalCommunity = apps.get_model("reference", "RegionalCommunity")
    CommunityMembership = apps.get_model("reference", "CommunityMembership")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    regions = {code: region for region, codes in data["vigie_region"].items() for code in codes}
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    Country.objects.bulk_create(
        [
            Country(
                iso2=c.alpha_2,
                iso3=c.alpha_3,
                name_en=ENGLISH_NAMES.get(c.alpha_2, getattr(c, "common_name", c.name)),
                name_fr=french.gettext(c.name),
                region=regions.get(c.alpha_2, "other"),
            )
            for c in pycountry.countries
        ]
    )
    for community in data["communities"]:
        RegionalCommunity.objects.create(
            code=community["code"],
            name_en=community["name_en"],
            name_fr=community["name_fr"],
            source=community["source"],
        )
        CommunityMembership.objects.bulk_create(
            [
                CommunityMembership(
                    community_id=community["code"],
                    country_id=m["country"],
                    joined_on=m["from"],
                    left_on=m["until"],
                    status=m["status"],
                    note=m.get("note", ""),
                )
                for m in community["members"]
            ]
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("reference", "CommunityMembership").objects.all().delete()
    apps.get_model("reference", "RegionalCommunity").objects.all().delete()
    apps.get_model("reference", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
