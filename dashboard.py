"""Exodus: reported departures from Russia by border and date, with their sources.

Start with ``streamlit run dashboard.py``. Every run sets up the page, loads the data once,
draws the shared filters and hands over to the chosen page (see :mod:`exodus.app.main`).
"""

from exodus.app import main

main.run()
