"""Country profile: every figure reported for one destination, best first, with its
crossings, events and sources."""

from exodus.app import ui
from exodus.app import views

tables, state = ui.page_state()
views.country_page(tables, state)
