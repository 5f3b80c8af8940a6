"""The application's style sheet."""

STYLE_SHEET = """
QListWidget#navigation {
    background: #1f3b57; color: #e8eef4; border: none; font-size: 14px; padding-top: 8px;
    outline: 0;
}
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #2f6690; color: white; }
QLabel#pageTitle { font-size: 20px; font-weight: 600; color: #1f3b57; padding: 4px 0; }
QLabel#pageHelp { color: #4a5a6a; padding-bottom: 6px; }
QLabel#sectionTitle { font-weight: 600; color: #1f3b57; padding-top: 6px; }
QLabel#demoBanner {
    background: #fff4d6; color: #6b4e00; border-bottom: 1px solid #e6c66e; padding: 6px 12px;
}
QLabel#readOnlyBanner {
    background: #e8eef7; color: #1f3b5c; border-bottom: 1px solid #9fb6d4; padding: 6px 12px;
}
QLabel#countLabel { color: #4a5a6a; }
QLabel#problems {
    background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; padding: 6px 10px;
}
QLabel#flags {
    background: #fff4d6; color: #6b4e00; border: 1px solid #e6c66e; padding: 6px 10px;
}
QLabel#figures { color: #1f3b57; font-weight: 600; padding: 4px 0; }
QRadioButton:checked { font-weight: 600; color: #1f3b57; }
QLabel#levelText[chosen="true"] {
    font-weight: 600; color: #1f3b57; background: #dde9f5; border-radius: 3px; padding: 1px 3px;
}
QRadioButton:checked:disabled {
    font-weight: 600; color: #1f3b57; background: #dde9f5; border-radius: 3px;
}
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"], QTextEdit[readOnly="true"] {
    background: #eef0f2; color: #3c4650; border: 1px solid #d3d7dc;
}
"""
