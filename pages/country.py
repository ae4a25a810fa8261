"""Country profile: every figure reported for one destination, best first, with its
crossings, events and sources."""

from exodus.app import country_page, state

data, filters = state.page_state()
country_page.country_page(data, filters)
