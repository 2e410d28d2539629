from django.db.models import QuerySet

from vigie.accounts.models import User
from vigie.people.access import persons_visible_to
from vigie.people.models import Person
from vigie.people.names import search_key


def search_persons(user: User, query: str) -> QuerySet[Person]:
    """Persons the user may see whose names or aliases contain the text, ignoring case and accents;
    all of them when the text is empty. Sorted by name."""
    persons = persons_visible_to(user)
    if query.strip():
        persons = persons.filter(search_text__contains=search_key(query))
    return persons.order_by("family_name", "given_names", "pk")
