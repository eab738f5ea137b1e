"""Domain and storage of the reception kiosk.

Everything here runs without a screen: the touchscreen, the command line, the
central service and the tests all call the same services.
"""
