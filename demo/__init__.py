"""Demo data for `manage.py load_demo` (`make run`), in one place: regions
and editions, accounts and memberships, boards, a moderation queue and the
after-fair work, all built around the moment the command runs. The top layer:
it uses every app's services, and no app imports it."""
