import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files of jobs go to a temporary folder, not into the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
