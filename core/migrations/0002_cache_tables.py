"""Create the database cache table(s) named in settings.CACHES as part of `migrate`.

Throttles, lockouts and the circuit breaker live in the cache; without its table every sign-up
is a 500. Django's own `createcachetable` does the work: it skips tables that exist and caches
that are not database caches (Redis), so this is safe to run anywhere and again.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("chef_site", "0001_initial"),
    ]

    operations = [
        # Nothing to undo: a cache table holds no data worth removing with the schema.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
