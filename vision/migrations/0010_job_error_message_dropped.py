from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    """Only codes are stored now: the error message goes, and a stage is a short code."""

    dependencies = [
        ("vision", "0009_job_stage_codes"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="scan",
            name="error_message",
        ),
        migrations.AlterField(
            model_name="scan",
            name="stage",
            field=models.CharField(default="queued", max_length=32),
        ),
    ]
