from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relais.accounts"
    label = "accounts"
    verbose_name = "Users and roles"
