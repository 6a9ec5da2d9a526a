/* Map of the Orte der Begegnung: progressive enhancement of the server-rendered list.
 *
 * Reads its configuration from data attributes of [data-karte] (no inline script: the CSP
 * allows scripts from this server only), loads the places as GeoJSON with the same filters as
 * the page, and draws a marker per place. Without a tile server the markers sit on a plain
 * background with the outlines of the Sozialräume. If anything fails, the section stays hidden
 * and the list remains the page.
 */
(function () {
  "use strict";

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function popup(properties, labels) {
    var box = document.createElement("div");
    box.className = "portal-karte__popup";
    var title = text("p", properties.name, "kern-body kern-body--bold");
    box.appendChild(title);
    box.appendChild(text("p", properties.art + " · " + properties.stufe, "kern-body kern-body--small"));
    if (properties.adresse) box.appendChild(text("p", properties.adresse, "kern-body kern-body--small"));
    var link = text("a", labels.details + ": " + properties.name, "kern-link");
    link.href = properties.url;
    box.appendChild(link);
    return box;
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    return sorted[Math.floor(sorted.length / 2)];
  }

  /* The places around the median place. One portal may serve places far apart (a town and
   * an office in another district): fitting all of them would shrink the town to a dot, so the
   * view starts on the main group and the others are a zoom-out away. */
  function mainCluster(markers) {
    var positions = markers.map(function (marker) { return marker.getLatLng(); });
    var centre = window.L.latLng(
      median(positions.map(function (p) { return p.lat; })),
      median(positions.map(function (p) { return p.lng; }))
    );
    var near = positions.filter(function (p) { return centre.distanceTo(p) <= 25000; });
    return near.length ? near : positions;
  }

  function init(section) {
    var L = window.L;
    if (!L) return;
    var data = section.dataset;
    var labels = {
      details: data.labelDetails,
      schliessen: data.labelSchliessen,
    };
    section.hidden = false;
    var element = section.querySelector("#karte");
    // People who asked their system for less motion get a map that jumps instead of gliding.
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(element, {
      zoomControl: false,
      attributionControl: true,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
    });
    L.control
      .zoom({ zoomInTitle: data.labelVergroessern, zoomOutTitle: data.labelVerkleinern })
      .addTo(map);
    // Leaflet's own prefix links to leaflet.com; the attribution stays (licence of the tiles).
    map.attributionControl.setPrefix(false);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 }).addTo(map);
    } else {
      map.attributionControl.remove();
    }
    map.setView([49.3136, 6.7519], 13);

    var icon = L.icon({
      iconUrl: data.iconUrl,
      iconRetinaUrl: data.iconRetinaUrl,
      shadowUrl: data.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });

    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", labels.schliessen);
        close.title = labels.schliessen;
      }
      var link = event.popup.getElement().querySelector("a.kern-link");
      if (link) link.focus();
    });

    fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (geojson) {
        var outlines = geojson.features.filter(function (f) { return f.properties.typ === "gebiet"; });
        var places = geojson.features.filter(function (f) { return f.properties.typ === "ort"; });
        if (outlines.length) {
          L.geoJSON(outlines, {
            interactive: false,
            style: { className: "portal-karte__umriss", weight: 2, fillOpacity: 0.08 },
          }).addTo(map);
        }
        var wanted = /^#ort-(\d+)$/.exec(window.location.hash);
        var target = null;
        var markers = places.map(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            icon: icon,
            title: feature.properties.name,
            alt: feature.properties.name + " (" + feature.properties.art + ")",
            keyboard: true,
          });
          marker.bindPopup(function () { return popup(feature.properties, labels); });
          if (wanted && String(feature.properties.id) === wanted[1]) target = marker;
          return marker.addTo(map);
        });
        if (markers.length) {
          map.fitBounds(L.latLngBounds(mainCluster(markers)), {
            paddingTopLeft: [32, 56],
            paddingBottomRight: [32, 16],
            maxZoom: 16,
            animate: false,
          });
        }
        if (target) {
          // Linked from a place page (/orte/karte/#ort-12): show that place on the map.
          map.setView(target.getLatLng(), 16, { animate: false });
          section.scrollIntoView();
          target.openPopup();
        }
        section.setAttribute("data-karte-bereit", String(markers.length));
      })
      .catch(function () {
        element.replaceWith(text("p", data.labelFehler, "kern-body"));
      });
  }

  function start() {
    var section = document.querySelector("[data-karte]");
    if (section) init(section);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
