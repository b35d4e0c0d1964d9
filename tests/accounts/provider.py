"""The organisation's directory in the tests: django-oauth-toolkit's OpenID
Connect provider, served under /o/ of pytest's live server (tests.accounts.urls).

Its people are Django users of the same database (the toolkit stores grants
against AUTH_USER_MODEL), named ``directory-…``; the groups each is in live in
``DIRECTORY`` (the live server is a thread of the test process) and reach the
Monitor in the ``groups`` claim of the ID token and of userinfo.
"""

from oauth2_provider.oauth2_validators import OAuth2Validator

#: ``{directory username: [group names]}``: what the directory says today.
DIRECTORY: dict[str, list[str]] = {}


class DirectoryValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "openid",
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username.removeprefix("directory-"),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "groups": list(DIRECTORY.get(user.username, [])),
        }
