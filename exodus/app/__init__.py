"""Layer 6, the Streamlit app: the only package that imports Streamlit; nothing in exodus imports it."""
