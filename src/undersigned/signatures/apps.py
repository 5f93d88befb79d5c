from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "undersigned.signatures"
    label = "signatures"
    verbose_name = _("Signatures")

    def ready(self) -> None:
        # Imported here: models load only after the apps' modules (Django's app loading).
        from django.db.models.signals import post_delete, post_save

        from undersigned.declarations.models import Declaration
        from undersigned.signatures.selectors import forget_signing_declarations

        # The signing pages keep a declaration's row for a second (selectors.py); a
        # change made in this process shows at once.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_signing_declarations, sender=Declaration, dispatch_uid="signing-rows"
            )
