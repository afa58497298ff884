"""Shared test support. Test modules import from here, never from one another (tests/test_test_layout.py checks it);
conftest.py files hold fixtures only, built from these helpers.

    activities      Teams activities as the Bot Connector posts them (messages, mentions, card invokes)
    browser         headless Debian Chromium for the browser tests, and where artifacts go
    card_samples    every card the bot can send, in several states and both locales
    cards           what a user sees on a card, walking a card, the element/action types Teams renders
    clocks          FixedClock, TickingClock, jst(), DEFAULT_NOW: every date a test sees
    conversation    say / click / rows / remember_department / new_consultation against a Harness
    dashboard       dashboard seed data, its clock wiring, and how figures are shown
    databases       TEST_DATABASES, PostgreSQL admin (pg_admin, pg_url), run_sync for session fixtures
    factories       a_consultation, a_person, an_actor, the suite's people and NOW, CLEAR_BPR / CLEAR_APP texts
    fake_connector  the Bot Connector on loopback (records sends, answers with distinct activity ids)
    fake_graph      Entra ID + Microsoft Graph on loopback HTTPS
    fake_openid     Bot Framework OpenID metadata, JWKS and login on loopback HTTPS
    graph_tenant    a sample Entra tenant: app registration and users for the fake Graph
    harness         make_settings, the Harness (the app under test on loopback), both_hosts / TEST_HOSTS
    live_dashboard  create_app in its own thread for the browser, a page that may not leave loopback
    network         the one loopback guard (the `network_guard` fixture uses it)
    people          people with Teams-shaped ids (GUIDs, 29:...), and a scan of cards for ids shown to users
    playground_ui   Ui, the driver of the Agents Playground's Teams UI
    processes       free_port, wait_healthy for real processes
    programme       the programme's 211 consultations as CSV (import and report tests)
    tcp_proxy       a loopback TCP proxy that can cut connections (database outages)
    teams           the adapter as app.py builds it, conversation references as stored
"""
