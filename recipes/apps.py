from django.apps import AppConfig


class RecipesConfig(AppConfig):
    name = "recipes"

    def ready(self) -> None:
        from core.jobs import register_job_kind
        from core.variant_report import add_variant_signals
        from recipes.models import Generation
        from recipes.services import generations_purge
        from recipes.tasks import generation_run
        from recipes.variant_signals import recipe_signals
        from recipes.variant_signals import vision_signals

        register_job_kind(Generation, task=generation_run, purge=generations_purge)
        add_variant_signals(vision_signals)
        add_variant_signals(recipe_signals)
