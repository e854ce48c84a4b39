; Inno Setup 6 script of giapp: a per-user install (no administrator rights) of the one-folder bundle.
;
;   iscc /DAppVersion=0.1.0 /DBundleDir=<folder of giapp.exe> installer\giapp.iss
;   (installer/build.py --installer passes both; paths here are relative to this file)
;
; Installs into %LOCALAPPDATA%\Programs\giapp, adds a Start-menu entry (and a desktop shortcut unless unticked).
; The uninstaller removes the program only: the clerk's drafts in %LOCALAPPDATA%\giapp stay unless the clerk
; answers Yes to the question it asks (a silent uninstall never deletes them).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\giapp"
#endif
#define AppName "政府信息公开年度报告填报助手"
#define AppExe "giapp.exe"

[Setup]
AppId={{5B7C2E1A-9D4F-4E63-8A21-3C6F0B8D7E52}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=giapp
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; per user: no UAC prompt, nothing outside the clerk's own profile
PrivilegesRequired=lowest
DefaultDirName={userpf}\giapp
DisableDirPage=yes
DisableProgramGroupPage=yes
DisableReadyPage=yes
ShowLanguageDialog=no
; "x64compatible" from Inno Setup 6.3 on; older compilers (a runner's preinstalled one) know "x64"
#if Ver >= EncodeVer(6, 3, 0)
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#else
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
#endif
MinVersion=10.0
; a running giapp is closed (and its drafts are safe: every edit is already committed)
CloseApplications=yes
SetupIconFile=..\resources\icons\giapp.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\dist
OutputBaseFilename=giapp-{#AppVersion}-setup

[Languages]
; Inno Setup ships Simplified Chinese only as an unofficial translation; use it when the build machine has it,
; otherwise English as the base, with every screen of this installer in Chinese through [Messages] below.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "zh"; MessagesFile: "compiler:Default.isl"
#endif

[Messages]
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1
InformationTitle=提示
ConfirmTitle=确认
ErrorTitle=出错
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonNo=否(&N)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&B)...
ClickNext=点“下一步”继续，或点“取消”退出安装。
ExitSetupTitle=退出安装
ExitSetupMessage=安装还没有完成。现在退出，程序不会被安装。%n%n以后可以再运行安装程序完成安装。%n%n确定要退出吗？
SetupAppRunningError=填报助手正在运行。%n%n请先关闭它（已填的内容都已保存），再点“确定”继续；点“取消”退出安装。
UninstallAppRunningError=填报助手正在运行。%n%n请先关闭它（已填的内容都已保存），再点“确定”继续；点“取消”退出卸载。
WizardSelectTasks=选择附加任务
SelectTasksDesc=还要做哪些事？
SelectTasksLabel2=请选择安装 [name] 时要做的附加任务，然后点“下一步”。
WizardPreparing=准备安装
PreparingDesc=正在准备把 [name] 安装到这台电脑。
ApplicationsFound2=下列程序正在使用需要更新的文件。建议让安装程序自动关闭它们，安装完成后会尝试重新打开。
CloseApplications=自动关闭这些程序(&A)
DontCloseApplications=不要关闭(&D)
WizardInstalling=正在安装
InstallingLabel=正在把 [name] 安装到这台电脑，请稍候。
StatusCreateDirs=正在建立文件夹...
StatusExtractFiles=正在复制文件...
StatusCreateIcons=正在建立快捷方式...
StatusCreateRegistryEntries=正在写入设置...
StatusSavingUninstall=正在保存卸载信息...
StatusRunProgram=正在完成安装...
StatusRollback=正在撤销更改...
FinishedHeadingLabel=安装完成
FinishedLabelNoIcons=[name] 已经安装好。
FinishedLabel=[name] 已经安装好。以后可以从“开始”菜单打开它。
ClickFinish=点“完成”关闭安装程序。
SetupAborted=安装没有完成。%n%n请解决问题后重新运行安装程序。
ConfirmUninstall=确定要卸载 %1 吗？%n%n只会删除程序本身；您填写的草稿会保留，稍后会问您是否一并删除。
UninstallStatusLabel=正在从这台电脑卸载 %1，请稍候。
UninstalledAll=%1 已经卸载。
UninstalledMost=%1 已经卸载。%n%n有些文件没能删除，可以手动删除。
WizardUninstalling=卸载
StatusUninstalling=正在卸载 %1...

[CustomMessages]
CreateDesktopIcon=在桌面上建立快捷方式(&D)
AdditionalIcons=快捷方式：
LaunchNow=现在打开填报助手
AskDeleteDrafts=程序已经卸载。%n%n是否同时删除您填写的草稿和它们的备份？%n%n草稿保存在：%n%1%n%n如果以后还要用这些草稿（例如重新安装或换一台电脑），请点“否”。删除后无法恢复。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[Code]
{ The drafts live where giapp.paths puts them on Windows: platformdirs' user data folder, %LOCALAPPDATA%\giapp. }
function DraftsDir: String;
begin
  Result := ExpandConstant('{localappdata}\giapp');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Question: String;
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent) and DirExists(DraftsDir) then
  begin
    Question := FmtMessage(CustomMessage('AskDeleteDrafts'), [DraftsDir]);
    StringChangeEx(Question, '%n', #13#10, True);
    { No is the default button: keeping the drafts is the safe answer. }
    if MsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(DraftsDir, True, True, True);
  end;
end;
