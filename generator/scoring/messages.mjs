// Generated at build by generator/i18n (browser_module).
export default {"categories": ["one", "other"], "lang": "en", "messages": {}, "numbers": {"decimal": ".", "group": ",", "minus": "-"}};
