from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "thidua.devtools"
    label = "devtools"
    verbose_name = "Dev tools"
