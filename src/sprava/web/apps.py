from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sprava.web"
    label = "web"
    verbose_name = "Web pages"
