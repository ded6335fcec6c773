package console

import (
	"net/http"
	"strings"
)

// Technique is one MITRE ATT&CK technique the triage form can search.
type Technique struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Techniques are the ATT&CK (Enterprise) techniques an L1 analyst meets in
// soclab's telemetry: network, authentication and account activity.
var Techniques = []Technique{
	{"T1003", "OS Credential Dumping"},
	{"T1021", "Remote Services"},
	{"T1021.001", "Remote Services: Remote Desktop Protocol"},
	{"T1021.002", "Remote Services: SMB/Windows Admin Shares"},
	{"T1021.004", "Remote Services: SSH"},
	{"T1021.006", "Remote Services: Windows Remote Management"},
	{"T1041", "Exfiltration Over C2 Channel"},
	{"T1046", "Network Service Discovery"},
	{"T1048", "Exfiltration Over Alternative Protocol"},
	{"T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol"},
	{"T1053", "Scheduled Task/Job"},
	{"T1059", "Command and Scripting Interpreter"},
	{"T1059.001", "Command and Scripting Interpreter: PowerShell"},
	{"T1068", "Exploitation for Privilege Escalation"},
	{"T1071", "Application Layer Protocol"},
	{"T1071.001", "Application Layer Protocol: Web Protocols"},
	{"T1071.004", "Application Layer Protocol: DNS"},
	{"T1078", "Valid Accounts"},
	{"T1078.002", "Valid Accounts: Domain Accounts"},
	{"T1078.003", "Valid Accounts: Local Accounts"},
	{"T1078.004", "Valid Accounts: Cloud Accounts"},
	{"T1087", "Account Discovery"},
	{"T1098", "Account Manipulation"},
	{"T1105", "Ingress Tool Transfer"},
	{"T1110", "Brute Force"},
	{"T1110.001", "Brute Force: Password Guessing"},
	{"T1110.002", "Brute Force: Password Cracking"},
	{"T1110.003", "Brute Force: Password Spraying"},
	{"T1110.004", "Brute Force: Credential Stuffing"},
	{"T1133", "External Remote Services"},
	{"T1136", "Create Account"},
	{"T1136.001", "Create Account: Local Account"},
	{"T1136.002", "Create Account: Domain Account"},
	{"T1189", "Drive-by Compromise"},
	{"T1190", "Exploit Public-Facing Application"},
	{"T1204", "User Execution"},
	{"T1204.001", "User Execution: Malicious Link"},
	{"T1204.002", "User Execution: Malicious File"},
	{"T1486", "Data Encrypted for Impact"},
	{"T1498", "Network Denial of Service"},
	{"T1531", "Account Access Removal"},
	{"T1566", "Phishing"},
	{"T1566.001", "Phishing: Spearphishing Attachment"},
	{"T1566.002", "Phishing: Spearphishing Link"},
	{"T1567", "Exfiltration Over Web Service"},
	{"T1567.002", "Exfiltration Over Web Service: Exfiltration to Cloud Storage"},
	{"T1568", "Dynamic Resolution"},
	{"T1568.002", "Dynamic Resolution: Domain Generation Algorithms"},
	{"T1570", "Lateral Tool Transfer"},
	{"T1571", "Non-Standard Port"},
	{"T1572", "Protocol Tunneling"},
	{"T1573", "Encrypted Channel"},
	{"T1595", "Active Scanning"},
	{"T1595.001", "Active Scanning: Scanning IP Blocks"},
	{"T1595.002", "Active Scanning: Vulnerability Scanning"},
}

// SearchTechniques returns the techniques whose id or name contains q
// (case-insensitive), every one for an empty q.
func SearchTechniques(q string) []Technique {
	q = strings.ToLower(strings.TrimSpace(q))
	out := []Technique{}
	for _, t := range Techniques {
		if q == "" || strings.Contains(strings.ToLower(t.ID), q) || strings.Contains(strings.ToLower(t.Name), q) {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) getTechniques(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, SearchTechniques(r.URL.Query().Get("q")))
}
