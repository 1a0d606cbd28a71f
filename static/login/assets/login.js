// The stormbot sign-in page. Loaded from the page's own origin (no inline script: the CSP forbids
// it). Every URL is relative to the page, so it works under any base path.
'use strict';

(function () {
  var ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  // Codes after which the link can no longer be used (err-stackstorm's 2, stormbot's 7).
  var DEAD_LINK_CODES = [2, 7];

  function byId(id) {
    return document.getElementById(id);
  }

  function linkId() {
    var last = window.location.pathname.replace(/\/+$/, '').split('/').pop() || '';
    try {
      return decodeURIComponent(last).toLowerCase();
    } catch (e) {
      return '';
    }
  }

  function setFormEnabled(form, enabled) {
    var controls = form.querySelectorAll('input, select, button');
    for (var i = 0; i < controls.length; i++) controls[i].disabled = !enabled;
    if (enabled) showMethod(byId('method').value);
  }

  function showMethod(method) {
    var groups = document.querySelectorAll('.method-fields');
    for (var i = 0; i < groups.length; i++) {
      var active = groups[i].getAttribute('data-method') === method;
      groups[i].hidden = !active;
      var inputs = groups[i].querySelectorAll('input');
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !active;
    }
  }

  function showResult(ok, message) {
    var box = byId('result');
    box.hidden = false;
    box.className = 'notice ' + (ok ? 'success' : 'error');
    byId('result-title').textContent = ok ? 'Association successful.' : 'Association failed.';
    byId('result-message').textContent = ' ' + (message || '');
  }

  function clearSecrets() {
    var fields = ['password', 'token', 'api-key'];
    for (var i = 0; i < fields.length; i++) byId(fields[i]).value = '';
  }

  function body(method) {
    var data = { method: method, secret_word: byId('secret-word').value };
    if (method === 'password') {
      data.username = byId('username').value.trim();
      data.password = byId('password').value;
    } else if (method === 'token') {
      data.token = byId('token').value.trim();
    } else {
      data.api_key = byId('api-key').value.trim();
    }
    return data;
  }

  function missing(data) {
    if (!data.secret_word.trim()) return 'secret-word';
    if (data.method === 'password')
      return !data.username ? 'username' : !data.password ? 'password' : '';
    if (data.method === 'token') return data.token ? '' : 'token';
    return data.api_key ? '' : 'api-key';
  }

  function init() {
    var form = byId('login');
    var id = linkId();
    if (!ID_PATTERN.test(id)) {
      byId('invalid-link').hidden = false;
      form.hidden = true;
      return;
    }
    byId('method').addEventListener('change', function (event) {
      showMethod(event.target.value);
    });
    showMethod(byId('method').value);

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = body(byId('method').value);
      var empty = missing(data);
      if (empty) {
        showResult(false, 'Please fill in every field.');
        byId(empty).focus();
        return;
      }
      byId('result').hidden = true;
      setFormEnabled(form, false);
      byId('submit').textContent = 'Signing in…';
      fetch(new URL('authenticate/' + encodeURIComponent(id), window.location.href).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(data),
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
      })
        .then(function (response) {
          return response.json().catch(function () {
            return {
              authenticated: false,
              message: 'The bot gave an unexpected answer (HTTP ' + response.status + ').',
            };
          });
        })
        .catch(function () {
          return {
            authenticated: false,
            message: 'The bot could not be reached. Check your connection and try again.',
          };
        })
        .then(function (answer) {
          byId('submit').textContent = 'Sign in';
          showResult(Boolean(answer.authenticated), answer.message);
          clearSecrets();
          var dead = answer.authenticated || DEAD_LINK_CODES.indexOf(answer.return_code) !== -1;
          if (dead) {
            byId('secret-word').value = '';
            setFormEnabled(form, false);
          } else {
            setFormEnabled(form, true);
          }
        });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
