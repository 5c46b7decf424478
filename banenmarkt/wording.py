"""Our Dutch for texts of Django and allauth that our people read.

Their Dutch says "u" and "uw" (Django's password rules), "a.u.b." or clumsy
words ("Bevestigings e-mail"); the platform says "je", in plain words (B1).
A msgid of ours that equals theirs wins, because our locale folder comes
first (LOCALE_PATHS). makemessages finds them here; nothing calls them.
tests/test_translations.py lists every msgid we share with them, so an
override is always on purpose.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django's password rules (the help under the password field, and errors).
PASSWORD_RULES = (
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
)
PASSWORD_LENGTH = ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    "min_length",
)

# allauth's pages and messages.
ALLAUTH = (
    gettext_noop("Re-send Verification"),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check "
        "your spam folder. Otherwise contact us if you do not receive it in a "
        "few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link "
        "provided to finalize the signup process. If you do not see the "
        "verification email in your main inbox, check your spam folder. Please "
        "contact us if you do not receive the verification email within a few "
        "minutes."
    ),
    gettext_noop(
        "This part of the site requires us to verify that\nyou are who you claim "
        "to be. For this purpose, we require that you\nverify ownership of your "
        "email address. "
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the "
        "link inside that email. If you do not see the verification email in "
        "your main inbox, check your spam folder. Otherwise\ncontact us if you "
        "do not receive it within a few minutes."
    ),
)
