// The SPARQL editor: YASQE (from YASGUI's build) in #editor, completing the
// project's prefixes and the ontology's terms from the page's data, never
// asking another origin. Its Run button and Ctrl-Enter call the page's own
// runner (assets/pages.js), which shows the results through assets/results.js.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so strict mode must be asked for.
  'use strict';
  const Yasgui = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  const Yasqe = window.Yasqe || Yasgui?.Yasqe;

  // Completion of the ontology's terms (upr:Case, upr:prosecutedUnder…) from the list
  // the page carries, in place of YASQE's class and property completers, which ask the
  // LOV service on the internet: those are removed, not just left out of the list.
  const COMPLETERS = ['variables', 'prefixes', 'upr-terms'];

  function registerCompleters(terms) {
    if (!Yasqe.Autocompleters) return;
    delete Yasqe.Autocompleters.class;
    delete Yasqe.Autocompleters.property;
    Yasqe.registerAutocompleter(
      {
        name: 'upr-terms',
        bulk: true,
        autoShow: true,
        get: () => Promise.resolve(terms),
        isValidCompletionPosition: (yasqe) => /^upr:/.test(yasqe.getCompleteToken().string),
      },
      false,
    );
    Yasqe.defaults.autocompleters = COMPLETERS.slice();
  }

  /** The editor in #editor, or null when the page has none (or YASQE did not load). */
  function create(data, endpoint) {
    const host = document.getElementById('editor');
    if (!host || !Yasqe) return null;
    registerCompleters(data.terms);
    const yasqe = new Yasqe(host, {
      value: data.start,
      autocompleters: COMPLETERS.slice(),
      prefixCcApi: null,
      persistenceId: null,
      resizeable: true,
      editorHeight: '18rem',
      requestConfig: { endpoint, method: 'POST' },
      // The share button gives the page's own permalink of the text (/?query=…#query), which reopens and runs it;
      // YASQE's own (#query=… read back on load) is turned off, so the address has one meaning.
      createShareableLink: (editor) => `${window.location.origin}/?${new URLSearchParams({ query: editor.getValue() })}#query`,
      consumeShareLink: null,
    });
    window.uprYasqe = yasqe;
    let run = () => {};
    // YASQE's Run button and Ctrl-Enter call query(): ours runs it, so a saved query goes through the API with its form.
    yasqe.query = () => Promise.resolve(run());
    return {
      getValue: () => yasqe.getValue(),
      setValue: (text) => yasqe.setValue(text),
      onRun: (fn) => {
        run = fn;
      },
    };
  }

  window.UprEditor = { create };
})();
