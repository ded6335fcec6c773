package event

// The datasets of soclab's own events (event.dataset): the one list that
// the generator emits, the detectors' logsources select, the workspace
// store and Elasticsearch route by, and queries name in index patterns.
const (
	DatasetSSH      = "soclab.ssh"
	DatasetWindows  = "soclab.windows"
	DatasetVPN      = "soclab.vpn"
	DatasetSSO      = "soclab.sso"
	DatasetFlow     = "soclab.flow"
	DatasetDNS      = "soclab.dns"
	DatasetProxy    = "soclab.proxy"
	DatasetFirewall = "soclab.firewall"
	// DatasetAlerts is event.dataset of the alerts the detectors write.
	DatasetAlerts = "soclab.alerts"
)

// Datasets lists every telemetry dataset (alerts excluded), in a fixed
// order.
var Datasets = []string{DatasetSSH, DatasetWindows, DatasetVPN, DatasetSSO, DatasetFlow, DatasetDNS, DatasetProxy, DatasetFirewall}
