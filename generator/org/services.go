package org

// serviceSpec describes one internet service before addresses are drawn.
type serviceSpec struct {
	domain, category string
	kind             ServiceKind
	paths            []Resource
}

var (
	htmlPages = []Resource{{"/", "text/html"}, {"/index.html", "text/html"}, {"/favicon.ico", "image/x-icon"}, {"/assets/app.js", "application/javascript"}, {"/assets/site.css", "text/css"}, {"/images/logo.png", "image/png"}}
	apiCalls  = []Resource{{"/api/v1/messages", "application/json"}, {"/api/v2/events", "application/json"}, {"/api/v1/presence", "application/json"}, {"/", "text/html"}}
	cdnFiles  = []Resource{{"/npm/jquery@3.7.1/dist/jquery.min.js", "application/javascript"}, {"/s/roboto/v30/font.woff2", "font/woff2"}, {"/img/banner.jpg", "image/jpeg"}, {"/lib/bootstrap.min.css", "text/css"}}
)

// services are the internet sites of every organisation. Their names are
// real, well-known sites (they are only ever benign here); their addresses
// are drawn from soclab's reserved ranges like every other public address.
var services = []serviceSpec{
	{"www.google.com", "search-engines", ServicePopular, []Resource{{"/search", "text/html"}, {"/", "text/html"}, {"/complete/search", "application/json"}}},
	{"www.bing.com", "search-engines", ServicePopular, []Resource{{"/search", "text/html"}, {"/", "text/html"}}},
	{"en.wikipedia.org", "reference", ServicePopular, htmlPages},
	{"www.bbc.co.uk", "news", ServicePopular, htmlPages},
	{"www.nytimes.com", "news", ServicePopular, htmlPages},
	{"www.linkedin.com", "social-networking", ServicePopular, htmlPages},
	{"www.youtube.com", "streaming-media", ServicePopular, []Resource{{"/watch", "text/html"}, {"/", "text/html"}}},
	{"www.reddit.com", "social-networking", ServicePopular, htmlPages},
	{"www.amazon.com", "shopping", ServicePopular, htmlPages},
	{"stackoverflow.com", "computers-internet", ServicePopular, htmlPages},
	{"github.com", "computers-internet", ServicePopular, htmlPages},
	{"weather.com", "news", ServicePopular, htmlPages},
	{"cdn.jsdelivr.net", "content-delivery", ServiceCDN, cdnFiles},
	{"ajax.googleapis.com", "content-delivery", ServiceCDN, cdnFiles},
	{"fonts.gstatic.com", "content-delivery", ServiceCDN, cdnFiles},
	{"cdnjs.cloudflare.com", "content-delivery", ServiceCDN, cdnFiles},
	{"d1x7kq3example.cloudfront.net", "content-delivery", ServiceCDN, cdnFiles},
	{"static.akamaized.net", "content-delivery", ServiceCDN, cdnFiles},
	{"outlook.office365.com", "business", ServiceSaaS, apiCalls},
	{"app.slack.com", "business", ServiceSaaS, apiCalls},
	{"login.salesforce.com", "business", ServiceSaaS, apiCalls},
	{"zoom.us", "business", ServiceSaaS, apiCalls},
	{"drive.google.com", "file-sharing", ServiceSaaS, apiCalls},
	{"app.box.com", "file-sharing", ServiceSaaS, apiCalls},
	{"wd3.myworkday.com", "business", ServiceSaaS, apiCalls},
	{"update.microsoft.com", "software-updates", ServiceUpdater, []Resource{{"/v6/ClientWebService/client.asmx", "text/xml"}, {"/msdownload/update/v3/static/trustedr/en/authrootstl.cab", "application/vnd.ms-cab-compressed"}}},
	{"dl.google.com", "software-updates", ServiceUpdater, []Resource{{"/update2/check", "application/xml"}}},
	{"swcdn.apple.com", "software-updates", ServiceUpdater, []Resource{{"/content/downloads/catalog.plist", "application/xml"}}},
	{"download.mozilla.org", "software-updates", ServiceUpdater, []Resource{{"/update/3/Firefox/update.xml", "application/xml"}}},
	{"definitions.avshield-updates.com", "software-updates", ServiceUpdater, []Resource{{"/v2/signatures/latest.json", "application/json"}, {"/v2/signatures/delta.bin", "application/octet-stream"}}},
	{"ingest.coldvault-backup.com", "business", ServiceBackup, []Resource{{"/v1/upload", "application/octet-stream"}}},
}

// saasApps are the applications behind the single sign-on.
var saasApps = []string{"Microsoft 365", "Slack", "Salesforce", "Zoom", "Workday", "GitHub", "Box", "Atlassian"}

var departments = []string{"Engineering", "Finance", "Sales", "Marketing", "Human Resources", "Legal", "Operations", "Customer Support", "IT"}

// serviceAccounts are the organisation's non-human accounts; every
// organisation has them, whatever its size.
var serviceAccounts = []string{"svc-backup", "svc-scanner", "svc-sql", "svc-web", "svc-deploy", "svc-monitor", "svc-print", "svc-ldap"}
