"""What the fake networks that take a bearer token share: the check of the
Authorization header against $FAKE_TOKEN (only "ok", "bad" or "none" is
logged, never the token) and the recorded 401 answer."""
import os

TOKEN = os.environ.get("FAKE_TOKEN", "")


class Bearer:
    b_401 = h_401 = None

    def auth_state(self, header, path):
        if not header:
            return "none"
        return "ok" if header == "Bearer " + TOKEN else "bad"

    def unauthorized(self, auth):
        return 401, self.b_401, self.h_401
