from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: jobs, the model-call log, API and page plumbing, health, metrics.

    The label stays "chef_site" (the package's earlier name), so tables, migrations and admin
    URLs are unchanged.
    """

    name = "core"
    label = "chef_site"
    verbose_name = _("AI service")
