from django.apps import AppConfig


class RecipesConfig(AppConfig):
    name = "recipes"

    def ready(self) -> None:
        from core.jobs import register_job_kind
        from recipes.models import Generation
        from recipes.services import generations_purge
        from recipes.tasks import generation_run

        register_job_kind(Generation, task=generation_run, purge=generations_purge)
