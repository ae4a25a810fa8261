"""About & method: what the data is and is not."""

from exodus.app import about_page, state

state.page_state()
about_page.about()
