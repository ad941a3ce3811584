// A steady, gentle load on the shop for the optional "load" profile: browse the catalogue,
// look at a product, sometimes place an order. k6 writes its own metrics (k6_http_reqs_total,
// k6_http_req_duration_seconds as a native histogram, k6_checks_rate...) to Mimir over remote
// write; compose.yaml sets the output and its K6_PROMETHEUS_RW_* variables (Docker mode only).
import http from 'k6/http';
import { check, group } from 'k6';

// The app's address: compose sets it to the app service; run by hand, the app on 127.0.0.1.
const BASE_URL = __ENV.SHOP_URL || 'http://127.0.0.1:8080';

export const options = {
  scenarios: {
    shoppers: {
      // Arrival rate, not virtual users: the request rate stays the same when the app slows.
      executor: 'constant-arrival-rate',
      rate: 4,
      timeUnit: '1s',
      duration: '24h',
      preAllocatedVUs: 4,
      maxVUs: 20,
    },
  },
  // A service level objective k6 checks while it runs: it shows as k6_http_req_duration
  // thresholds in the summary, and the lesson's panels show the same figures live.
  thresholds: {
    http_req_failed: ['rate<0.2'],
    'http_req_duration{group:::browse}': ['p(95)<500'],
  },
  // Summaries would only print when the 24 h run ends; the metrics go to Mimir instead.
  summaryTrendStats: ['avg', 'p(95)'],
};

export default function () {
  group('browse', () => {
    const list = http.get(`${BASE_URL}/api/products`, { tags: { name: 'products' } });
    check(list, { 'catalogue answers 200': (r) => r.status === 200 });
    const id = 1 + Math.floor(Math.random() * 8);
    const product = http.get(`${BASE_URL}/api/products/${id}`, { tags: { name: 'product' } });
    check(product, { 'product answers 200': (r) => r.status === 200 });
  });
  if (Math.random() < 0.3) {
    group('buy', () => {
      const order = http.post(
        `${BASE_URL}/api/orders`,
        JSON.stringify({ product_id: 1 + Math.floor(Math.random() * 8), quantity: 1 }),
        { headers: { 'Content-Type': 'application/json' }, tags: { name: 'order' } },
      );
      // The app declines a share of payments on purpose (APP_FAILURE_RATE) with a 500.
      check(order, { 'order accepted': (r) => r.status === 201 });
    });
  }
}
