/*
 * Help center widgets: "open now" next to each contact channel, delivery dates
 * per shipping method, and the return and refund date calculator.
 *
 * Progressive enhancement: the page already states the plain facts; this file
 * only fills in elements that the templates render hidden (data-hc-* attributes).
 * It reads the store's public facts from policy.json on this site (generated from
 * content/policies/policy.yml by the build) and makes no other request.
 *
 * The date rules mirror hooks/policy_dates.py word for word; tests/test_dates_js.py
 * runs both on the same instants and compares. Read that module for the rules.
 */
(function () {
  "use strict";

  var WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var DAY_MS = 86400000;
  var DAY_MINUTES = 1440;
  var SEARCH_DAYS = 400;

  // ------------------------------------------------------------ calendar days
  // A calendar day is a whole number: days since 1970-01-01.

  function dayNumber(year, month, day) {
    return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
  }

  function dayParts(day) {
    var moment = new Date(day * DAY_MS);
    return { year: moment.getUTCFullYear(), month: moment.getUTCMonth() + 1, day: moment.getUTCDate() };
  }

  function weekday(day) {  // 0 = Monday
    return (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  }

  function parseDay(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return match ? dayNumber(+match[1], +match[2], +match[3]) : null;
  }

  // ------------------------------------------------------------ time zones

  var formatters = {};

  function wallClock(ms, zone) {
    var format = formatters[zone];
    if (!format) {
      format = formatters[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric"
      });
    }
    var parts = {};
    format.formatToParts(new Date(ms)).forEach(function (part) { parts[part.type] = part.value; });
    var hour = +parts.hour % 24;
    return {
      day: dayNumber(+parts.year, +parts.month, +parts.day), hour: hour, minute: +parts.minute,
      second: +parts.second
    };
  }

  function offsetMinutes(ms, zone) {
    var clock = wallClock(ms, zone);
    var wall = clock.day * DAY_MS + ((clock.hour * 60 + clock.minute) * 60 + clock.second) * 1000;
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
  }

  // The instant when the clocks in `zone` show `minutes` after midnight on `day`; a time
  // skipped or repeated by a daylight-saving change takes the offset in force before it.
  function wallTime(zone, day, minutes) {
    day += Math.floor(minutes / DAY_MINUTES);
    minutes = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    var wall = day * DAY_MS + minutes * 60000;
    var before = offsetMinutes(wall - DAY_MS, zone);
    var after = offsetMinutes(wall + DAY_MS, zone);
    if (offsetMinutes(wall - before * 60000, zone) === before) return wall - before * 60000;
    if (offsetMinutes(wall - after * 60000, zone) === after) return wall - after * 60000;
    return wall - before * 60000;
  }

  // ------------------------------------------------------------ the store's calendar

  function minutesOf(text) {
    var parts = text.split(":");
    return +parts[0] * 60 + +parts[1];
  }

  function calendarOf(facts) {
    var holidays = {};
    facts.service_hours.holidays.forEach(function (holiday) { holidays[parseDay(holiday.date)] = holiday.name; });
    return { zone: facts.store.time_zone.key, short: facts.store.time_zone.short, holidays: holidays };
  }

  function hoursOf(hours) {
    return { days: hours.days, opens: minutesOf(hours.opens), closes: minutesOf(hours.closes), always: hours.always };
  }

  function today(store, now) {
    return wallClock(now, store.zone).day;
  }

  function isBusinessDay(store, day) {
    return weekday(day) < 5 && !Object.prototype.hasOwnProperty.call(store.holidays, day);
  }

  function addBusinessDays(store, day, count) {
    while (count > 0) {
      day += 1;
      if (isBusinessDay(store, day)) count -= 1;
    }
    return day;
  }

  // ------------------------------------------------------------ words

  function clockText(clock) {
    var hour = clock.hour % 12 || 12;
    var suffix = clock.hour < 12 ? "AM" : "PM";
    return clock.minute ? hour + ":" + (clock.minute < 10 ? "0" : "") + clock.minute + " " + suffix : hour + " " + suffix;
  }

  function dateText(day, todayDay) {
    var parts = dayParts(day);
    var text = WEEKDAYS[weekday(day)] + ", " + MONTHS[parts.month - 1] + " " + parts.day;
    return parts.year === dayParts(todayDay).year ? text : text + ", " + parts.year;
  }

  function viewerText(ms, store, viewerZone) {
    if (!viewerZone || offsetMinutes(ms, viewerZone) === offsetMinutes(ms, store.zone)) return "";
    var theirs = wallClock(ms, viewerZone);
    var day = theirs.day === wallClock(ms, store.zone).day ? "" : WEEKDAYS[weekday(theirs.day)] + " ";
    return " (" + day + clockText(theirs) + " your time)";
  }

  // ------------------------------------------------------------ open now

  function isHoliday(store, day) {
    return Object.prototype.hasOwnProperty.call(store.holidays, day);
  }

  function openStatus(hours, store, now, closedOnHolidays) {
    if (hours.always) return { open: true, always: true, change: null, holiday: "" };
    var day0 = today(store, now);
    var holiday = closedOnHolidays && hours.days.indexOf(weekday(day0)) >= 0 && isHoliday(store, day0) ? store.holidays[day0] : "";
    for (var ahead = 0; ahead < SEARCH_DAYS; ahead++) {
      var day = day0 + ahead;
      if (hours.days.indexOf(weekday(day)) < 0 || (closedOnHolidays && isHoliday(store, day))) continue;
      var opens = wallTime(store.zone, day, hours.opens);
      var closes = wallTime(store.zone, day, hours.closes);
      if (opens <= now && now < closes) return { open: true, always: false, change: closes, holiday: "" };
      if (opens > now) return { open: false, always: false, change: opens, holiday: holiday };
    }
    return { open: false, always: false, change: null, holiday: holiday };
  }

  function openText(status, store, now, viewerZone) {
    if (status.always) return "Open now, 24/7";
    if (status.change === null) return "Closed";
    var local = wallClock(status.change, store.zone);
    var clock = clockText(local) + " " + store.short + viewerText(status.change, store, viewerZone);
    if (status.open) return "Open now, closes at " + clock;
    var day0 = today(store, now);
    var ahead = local.day - day0;
    var when;
    if (ahead === 0) when = "at";
    else if (ahead === 1) when = "tomorrow";
    else if (ahead < 7) when = WEEKDAYS[weekday(local.day)];
    else when = dateText(local.day, day0) + ",";
    var reason = status.holiday ? " today for " + status.holiday : "";
    return "Closed" + reason + ", opens " + when + " " + clock;
  }

  // ------------------------------------------------------------ delivery

  function deliveryWindow(store, now, processing, transit) {
    var day0 = today(store, now);
    return [addBusinessDays(store, day0, processing[0] + transit[0]), addBusinessDays(store, day0, processing[1] + transit[1])];
  }

  function deliveryText(store, now, processing, transit) {
    var dates = deliveryWindow(store, now, processing, transit);
    var day0 = today(store, now);
    if (dates[0] === dates[1]) return "Order today, arrives on " + dateText(dates[0], day0);
    return "Order today, arrives between " + dateText(dates[0], day0) + " and " + dateText(dates[1], day0);
  }

  // ------------------------------------------------------------ returns and refunds

  function addSpan(store, day, span) {
    if (span.unit === "business days") return addBusinessDays(store, day, span.count);
    if (span.unit === "months") {
      var parts = dayParts(day);
      var first = dayNumber(parts.year, parts.month + span.count, 1);
      var target = dayParts(first);
      var length = dayParts(dayNumber(target.year, target.month + 1, 1) - 1).day;
      return first + Math.min(parts.day, length) - 1;
    }
    var perDay = { "days": 1, "hours": 24, "minutes": DAY_MINUTES }[span.unit];
    return day + Math.ceil(span.count / perDay);
  }

  function returnText(store, now, delivered, span) {
    var day0 = today(store, now);
    if (delivered > day0) return "That date is in the future: enter the day your order was delivered.";
    var deadline = addSpan(store, delivered, span);
    var shown = dateText(deadline, day0);
    var left = deadline - day0;
    if (left < 0) return "The return window closed on " + shown + ".";
    if (left === 0) return "Today, " + shown + ", is the last day to start your return.";
    return "Start your return by " + shown + ": " + left + " day" + (left !== 1 ? "s" : "") + " left.";
  }

  function refundText(store, now, arrived, within) {
    return "Expect your refund by " + dateText(addBusinessDays(store, arrived, within[1]), today(store, now)) + ".";
  }

  // The pure functions, for the tests that compare them with hooks/policy_dates.py.
  window.helpcenterDates = {
    parseDay: parseDay, calendarOf: calendarOf, hoursOf: hoursOf, openStatus: openStatus, openText: openText,
    deliveryText: deliveryText, returnText: returnText, refundText: refundText, wallTime: wallTime
  };

  // ------------------------------------------------------------ the page

  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch (error) {
      return null;
    }
  }

  function show(element, text) {
    if (element.textContent !== text) element.textContent = text;
    element.hidden = false;
  }

  function renderOpenNow(facts, store, now) {
    var channels = {};
    facts.channels.forEach(function (channel) { channels[channel.id] = channel; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-open]"), function (element) {
      var channel = channels[element.getAttribute("data-hc-open")];
      if (!channel) return;
      var status = openStatus(hoursOf(channel.hours), store, now, channel.closed_on_holidays);
      show(element, openText(status, store, now, viewerZone()));
    });
  }

  function renderDelivery(facts, store, now) {
    var methods = {};
    facts.shipping.methods.forEach(function (method) { methods[method.id] = method; });
    var processing = [facts.orders.processing.low, facts.orders.processing.high];
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-delivery]"), function (element) {
      var method = methods[element.getAttribute("data-hc-delivery")];
      if (!method) return;
      show(element, deliveryText(store, now, processing, [method.transit.low, method.transit.high]));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-delivery-list]"), function (list) {
      list.hidden = false;
    });
  }

  function setUpCalculator(facts, store, form) {
    if (form.getAttribute("data-hc-ready")) return;
    form.setAttribute("data-hc-ready", "true");
    var span = { count: facts.returns.window.count, unit: facts.returns.window.unit };
    var within = [facts.refunds.within.low, facts.refunds.within.high];
    var returnResult = form.querySelector("[data-hc-return-result]");
    var refundResult = form.querySelector("[data-hc-refund-result]");
    function update() {
      var now = Date.now();
      var delivered = parseDay(form.elements.delivered.value);
      var arrived = parseDay(form.elements.arrived.value);
      returnResult.textContent = delivered === null ? "" : returnText(store, now, delivered, span);
      refundResult.textContent = arrived === null ? "" : refundText(store, now, arrived, within);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.hidden = false;
    update();
  }

  function render(facts) {
    var store = calendarOf(facts);
    var now = Date.now();
    renderOpenNow(facts, store, now);
    renderDelivery(facts, store, now);
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-return-calculator]"), function (form) {
      setUpCalculator(facts, store, form);
    });
  }

  // policy.json sits at the site root, two folders above this file.
  var script = document.currentScript;
  var factsUrl = script && script.src ? new URL("../../policy.json", script.src).href : null;
  var factsPromise = null;

  function loadFacts() {
    if (!factsPromise && factsUrl && window.fetch) {
      factsPromise = fetch(factsUrl, { credentials: "omit" }).then(function (response) {
        if (!response.ok) throw new Error("policy.json: " + response.status);
        return response.json();
      });
    }
    return factsPromise;
  }

  function enhance() {
    if (!document.querySelector("[data-hc-open], [data-hc-delivery], [data-hc-return-calculator]")) return;
    var loading = loadFacts();
    if (!loading) return;
    loading.then(render, function () { /* the plain facts stay on the page */ });
  }

  var timer = null;
  function start() {
    enhance();
    // Opening and closing times pass while the page is open: look again every minute.
    if (timer === null) timer = setInterval(function () { if (factsPromise) factsPromise.then(function (facts) {
      var store = calendarOf(facts);
      renderOpenNow(facts, store, Date.now());
      renderDelivery(facts, store, Date.now());
    }, function () {}); }, 60000);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);  // Material's instant navigation: every new page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
