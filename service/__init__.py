"""Målkoll HTTP service: a versioned JSON API (`/v1/...`) and the web page for politicians (`/`).

Start it with `malkoll serve`; build the app in code with `malkoll.service.main.create_app()`.
"""
