"""``EMAIL_BACKEND`` for the outbox: every mail sent through Django is stored, not sent."""

from django.core.mail.backends.base import BaseEmailBackend

from saarlouis_portal.postausgang import outbox


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message as JSON in the outbox; ``manage.py send_queued_mail`` sends it
    through ``POSTAUSGANG_EMAIL_BACKEND`` (SMTP in production)."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            outbox.deliver(outbox.message_from_data, outbox.message_to_data(message))
            count += 1
        return count
