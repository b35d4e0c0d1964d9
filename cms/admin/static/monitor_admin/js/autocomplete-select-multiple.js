/*
 * AutocompleteSelectMultiple (content_models/widgets.py): chips for the chosen
 * objects, a search box that queries the widget's JSON endpoint, and a hidden
 * <select multiple> that carries the chosen ids in the form post.
 *
 * Plain JavaScript, no build step. Inside the Wagtail admin it registers as a
 * Stimulus controller, so widgets added to the page later are set up too;
 * elsewhere it sets up the widgets present when the page loads.
 */
(function () {
  'use strict';

  var DEBOUNCE_MS = 250;

  function setup(root) {
    if (root.hrmAutocomplete) {
      return;
    }
    root.hrmAutocomplete = true;

    var url = root.getAttribute('data-hrm-autocomplete-url');
    var select = root.querySelector('[data-hrm-autocomplete-select]');
    var chips = root.querySelector('[data-hrm-autocomplete-chips]');
    var input = root.querySelector('[data-hrm-autocomplete-input]');
    var results = root.querySelector('[data-hrm-autocomplete-results]');
    var emptyText = root.getAttribute('data-hrm-autocomplete-empty');
    var errorText = root.getAttribute('data-hrm-autocomplete-error');
    var removeText = root.getAttribute('data-hrm-autocomplete-remove-label');
    var timer = null;
    var latestRequest = 0;
    var active = -1;

    function isChosen(id) {
      return Array.prototype.some.call(select.options, function (option) {
        return option.value === String(id);
      });
    }

    function changed() {
      // Wagtail's unsaved-changes warning and autosave listen for this.
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }

    function addChip(id, label) {
      var chip = document.createElement('li');
      chip.className = 'hrm-autocomplete__chip';
      chip.setAttribute('data-value', String(id));
      var text = document.createElement('span');
      text.className = 'hrm-autocomplete__chip-label';
      text.textContent = label;
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'hrm-autocomplete__remove';
      remove.setAttribute('data-hrm-autocomplete-remove', '');
      remove.setAttribute('aria-label', removeText + ' ' + label);
      remove.textContent = '×';
      chip.appendChild(text);
      chip.appendChild(remove);
      chips.appendChild(chip);
    }

    function choose(id, label) {
      if (!isChosen(id)) {
        var option = new Option(label, String(id), true, true);
        select.appendChild(option);
        addChip(id, label);
        changed();
      }
      input.value = '';
      closeResults();
      input.focus();
    }

    function unchoose(id) {
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value === id) {
          select.removeChild(option);
        }
      });
      Array.prototype.slice.call(chips.children).forEach(function (chip) {
        if (chip.getAttribute('data-value') === id) {
          chips.removeChild(chip);
        }
      });
      changed();
    }

    function closeResults() {
      results.hidden = true;
      results.innerHTML = '';
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function showMessage(text) {
      results.innerHTML = '';
      var item = document.createElement('li');
      item.className = 'hrm-autocomplete__message';
      item.textContent = text;
      results.appendChild(item);
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function showResults(items) {
      var fresh = items.filter(function (item) {
        return !isChosen(item.id);
      });
      if (!fresh.length) {
        showMessage(emptyText);
        return;
      }
      results.innerHTML = '';
      active = -1;
      fresh.forEach(function (item, index) {
        var option = document.createElement('li');
        option.id = results.id + '-' + index;
        option.className = 'hrm-autocomplete__result';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.setAttribute('data-id', String(item.id));
        option.textContent = item.label;
        results.appendChild(option);
      });
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function search() {
      var query = input.value.trim();
      if (!query) {
        closeResults();
        return;
      }
      var request = ++latestRequest;
      fetch(url + '?q=' + encodeURIComponent(query), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (request === latestRequest) {
            showResults(data.results || []);
          }
        })
        .catch(function () {
          if (request === latestRequest) {
            showMessage(errorText);
          }
        });
    }

    function highlight(index) {
      var options = results.querySelectorAll('[role="option"]');
      if (!options.length) {
        return;
      }
      active = (index + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, position) {
        option.setAttribute('aria-selected', String(position === active));
        option.classList.toggle('hrm-autocomplete__result--active', position === active);
      });
      input.setAttribute('aria-activedescendant', options[active].id);
      options[active].scrollIntoView({ block: 'nearest' });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });

    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
      } else if (event.key === 'Enter') {
        // Never submit the whole form from the search box.
        event.preventDefault();
        var options = results.querySelectorAll('[role="option"]');
        var option = options[active] || (options.length === 1 ? options[0] : null);
        if (option && !results.hidden) {
          choose(option.getAttribute('data-id'), option.textContent);
        }
      } else if (event.key === 'Escape' && !results.hidden) {
        event.preventDefault();
        closeResults();
      }
    });

    // mousedown, not click: it fires before the input's blur closes the list.
    results.addEventListener('mousedown', function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        event.preventDefault();
        choose(option.getAttribute('data-id'), option.textContent);
      }
    });

    input.addEventListener('blur', function () {
      setTimeout(closeResults, 150);
    });

    chips.addEventListener('click', function (event) {
      var button = event.target.closest('[data-hrm-autocomplete-remove]');
      if (button) {
        unchoose(button.closest('[data-value]').getAttribute('data-value'));
        input.focus();
      }
    });
  }

  function setupAll() {
    document
      .querySelectorAll('[data-controller~="hrm-autocomplete"]')
      .forEach(setup);
  }

  if (window.StimulusModule && window.wagtail && window.wagtail.app) {
    window.wagtail.app.register(
      'hrm-autocomplete',
      class extends window.StimulusModule.Controller {
        connect() {
          setup(this.element);
        }
      },
    );
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setupAll);
  } else {
    setupAll();
  }
})();
