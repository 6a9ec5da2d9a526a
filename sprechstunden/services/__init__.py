"""Every change to bookings and slots: one function, one transaction, row locks where capacity is
involved, e-mails after commit. Views turn the domain errors (``errors``) into messages.

One module per job; callers import from it directly (this package re-exports nothing):

- ``booking``: taking a seat, booking a slot or moving a booking, under the slot's row lock;
- ``manage``: a booking once made: found by its link, confirmed, cancelled, its data deleted;
- ``periodic``: what cron runs: lapsed reservations, reminders, deleting personal data;
- ``slots``: schedules and their slots, closures, deleting a Sprechstunde or Anlaufstelle;
- ``outcomes``: anonymous outcomes and no-shows;
- ``folgetermin``: the follow-up a counsellor books after a consultation;
- ``hausbesuch``: outreach visits;
- ``notify``: mails after commit and the calendar file's SEQUENCE, shared by the others;
- ``errors``: the domain errors, each with its message for the person."""
