"""The front desk: a web page where staff find, preview, print and check leaflets.

``app.create_app`` makes the Flask application; ``serve.serve`` runs it on
waitress, a production WSGI server (never Flask's development server). The
pages are a second face over the same core calls as the command line. This
file imports nothing, so that the command line can read ``security``'s
names without loading Flask.
"""
