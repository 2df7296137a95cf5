; Registers the licode-desktop:// meeting-link scheme for the installed app (per user or per machine, as the user
; chose: SHCTX is that hive) and removes it on uninstall. The app also calls setAsDefaultProtocolClient at start.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\licode-desktop" "" "URL:Licode Desktop meeting link"
  WriteRegStr SHCTX "Software\Classes\licode-desktop" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\licode-desktop\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\licode-desktop\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\licode-desktop"
!macroend
