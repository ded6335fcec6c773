package activity

// Sources returns every benign source of w, in a fixed order (the order
// breaks ties between events at the same millisecond).
func Sources(w *World) []*Source {
	return []*Source{
		NewDesk(w),
		NewServices(w),
		NewSSH(w),
		NewVPN(w),
		NewSSO(w),
		NewBrowsing(w),
		NewUpdaters(w),
		NewDNSNoise(w),
		NewBackup(w),
		NewScanner(w),
		NewPerimeter(w),
	}
}
