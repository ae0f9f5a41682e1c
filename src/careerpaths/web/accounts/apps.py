from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careerpaths.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from careerpaths.web.accounts import security

        security.connect()
