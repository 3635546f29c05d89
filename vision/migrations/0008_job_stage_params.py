from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    """A job's stage and error get the parameters their words need (core.job_words)."""

    dependencies = [
        ("vision", "0001_squashed_0007_scan_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="scan",
            name="stage_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="scan",
            name="error_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
