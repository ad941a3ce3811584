package alertsink

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// A notification as Mimir's Alertmanager sends it (webhook payload version 4).
const payload = `{"receiver":"shop-oncall","status":"firing","alerts":[{"status":"firing",
"labels":{"alertname":"SlowRequestsCritical","severity":"critical"},"annotations":{},
"startsAt":"2026-12-04T22:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"ab"}],
"groupLabels":{"alertname":"SlowRequestsCritical"},"commonLabels":{"severity":"critical"},
"commonAnnotations":{},"externalURL":"http://127.0.0.1:9009/alertmanager","version":"4",
"groupKey":"{}:{alertname=\"SlowRequestsCritical\"}","truncatedAlerts":0}`

type observed struct{ receiver, status string }

func newSink(t *testing.T, keep int) (*gin.Engine, *[]observed, *time.Time) {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	now := time.UnixMilli(1_000)
	seen := &[]observed{}
	s := New(Options{Keep: keep, Now: func() time.Time { return now }, Observe: func(r, st string) {
		*seen = append(*seen, observed{r, st})
	}})
	r := gin.New()
	s.Register(r)
	return r, seen, &now
}

func post(r http.Handler, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(body))
	req.Host = "app:8080"
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w
}

func list(t *testing.T, r http.Handler, query string) []Notification {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, Path+query, nil)
	req.Host = "127.0.0.1:8080"
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", query, w.Code, w.Body.String())
	}
	var body struct{ Notifications []Notification }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	return body.Notifications
}

func TestKeepsWhatAlertmanagerSends(t *testing.T) {
	r, seen, now := newSink(t, 10)
	if w := post(r, payload, nil); w.Code != http.StatusNoContent {
		t.Fatalf("POST: %d %s", w.Code, w.Body.String())
	}
	got := list(t, r, "")
	if len(got) != 1 || got[0].Receiver != "shop-oncall" || got[0].Alerts[0].Labels["alertname"] != "SlowRequestsCritical" {
		t.Fatalf("kept %+v", got)
	}
	if got[0].ReceivedAt != 1_000 {
		t.Errorf("receivedAt = %d, want the sink's clock", got[0].ReceivedAt)
	}
	if len(*seen) != 1 || (*seen)[0] != (observed{"shop-oncall", "firing"}) {
		t.Errorf("observed %v", *seen)
	}
	*now = time.UnixMilli(2_000)
	post(r, strings.Replace(payload, `"status":"firing","alerts"`, `"status":"resolved","alerts"`, 1), nil)
	if since := list(t, r, "?since=1000"); len(since) != 1 || since[0].Status != "resolved" {
		t.Errorf("since=1000 returned %+v, want the resolved one only", since)
	}
}

func TestForgetsTheOldest(t *testing.T) {
	r, _, now := newSink(t, 2)
	for i := range 3 {
		*now = time.UnixMilli(int64(i + 1))
		post(r, payload, nil)
	}
	got := list(t, r, "")
	if len(got) != 2 || got[0].ReceivedAt != 2 || got[1].ReceivedAt != 3 {
		t.Fatalf("kept %+v, want the last two", got)
	}
}

func TestRefusesWhatIsNotAlertmanager(t *testing.T) {
	r, seen, _ := newSink(t, 10)
	for name, c := range map[string]struct {
		body   string
		header map[string]string
		want   int
	}{
		"a web page":           {payload, map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		"a form post":          {payload, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		"a rebound host name":  {payload, map[string]string{"Host": "evil.example:8080"}, http.StatusForbidden},
		"not JSON":             {"receiver=x", nil, http.StatusBadRequest},
		"JSON of another kind": {`{"hello":"world"}`, nil, http.StatusBadRequest},
		"too large":            {`{"receiver":"` + strings.Repeat("x", maxBody) + `"}`, nil, http.StatusRequestEntityTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(c.body))
			req.Host = "app:8080"
			req.Header.Set("Content-Type", "application/json")
			for k, v := range c.header {
				if k == "Host" {
					req.Host = v
					continue
				}
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			r.ServeHTTP(w, req)
			if w.Code != c.want {
				t.Errorf("%d %s, want %d", w.Code, w.Body.String(), c.want)
			}
		})
	}
	if len(*seen) != 0 || len(list(t, r, "")) != 0 {
		t.Errorf("a refused request was kept")
	}
	req := httptest.NewRequest(http.MethodGet, Path, nil)
	req.Host = "evil.example"
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Errorf("GET with a foreign Host: %d, want 403", w.Code)
	}
}
