from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sprava.accounts"
    label = "accounts"
    verbose_name = "Accounts and permissions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sprava.accounts import sessions

        # Every way of signing in (the two-step page, a test's force_login) notes the
        # generation of the account's sessions.
        user_logged_in.connect(sessions.note_sign_in, dispatch_uid="sprava-session-generation")
