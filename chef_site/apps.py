from django.apps import AppConfig


class ChefSiteConfig(AppConfig):
    name = "chef_site"
    verbose_name = "AI service"
