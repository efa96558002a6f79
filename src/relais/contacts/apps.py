from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "relais.contacts"
    label = "contacts"
    verbose_name = "Contacts"
