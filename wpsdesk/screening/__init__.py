"""WPS screening of texts: find what a text says about women, peace and security.

The engine (``wpsdesk.screening.engine``) is a plain library with no Django import;
the app around it adds the command line and, later, pages, the API and background tasks.
"""
