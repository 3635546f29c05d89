from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    """A job's stage and error get the parameters their words need (core.job_words)."""

    dependencies = [
        ("recipes", "0001_squashed_0006_translatable_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="generation",
            name="stage_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="generation",
            name="error_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
