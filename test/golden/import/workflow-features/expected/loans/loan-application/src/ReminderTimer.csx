return TimerSchedule.FromDuration(TimeSpan.FromDays(3));
