"""The signed-in person's own account: changing their password (Django's view, branded)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from undersigned.roles.services import password_change


@method_decorator(never_cache, name="dispatch")
class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the password validators;
    the session stays signed in), in the workspace's page."""

    template_name = "organize/password_change.html"
    success_url = reverse_lazy("organize:dashboard")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        # Django's help is a list in HTML; the page's help is a sentence.
        form.fields["new_password1"].help_text = _(
            "At least 8 characters; not a common password, not only digits, and not like "
            "your user name."
        )
        return form

    def form_valid(self, form: Any) -> Any:
        # The change through the audited service; the session stays signed in as
        # Django's own view keeps it.
        password_change(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())
