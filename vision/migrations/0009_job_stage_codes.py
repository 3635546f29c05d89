from typing import Any

from django.db import migrations

from core.jobs import legacy


def texts_to_codes(apps: Any, schema_editor: Any) -> None:
    legacy.rows_to_codes(apps.get_model("vision", "Scan"))


def codes_to_texts(apps: Any, schema_editor: Any) -> None:
    legacy.rows_to_texts(apps.get_model("vision", "Scan"), service="photo")


class Migration(migrations.Migration):
    """The English stage and error texts stored so far become codes and parameters."""

    dependencies = [
        ("vision", "0008_job_stage_params"),
    ]

    operations = [
        migrations.RunPython(texts_to_codes, codes_to_texts),
    ]
