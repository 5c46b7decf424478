"""allauth messages whose Dutch we word differently.

allauth's Dutch says "aanmelden" for logging in; on this platform "aanmelden"
is asking to join a region (aanmeldverzoek), so logging in is "inloggen". The
strings are listed here so `makemessages` keeps them in our catalogue, which
Django reads before allauth's. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Sign In"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Sign-In Code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Other sign-in options"),
    gettext_noop("Sign In Via %(provider)s"),
    gettext_noop("Third-Party Login Failure"),
    gettext_noop("Login Cancelled"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Remember Me"),
    gettext_noop("Sign Up"),
]
